"""The store's schema: its tables (DDL) and version. ``Store`` creates or updates it."""

from __future__ import annotations

SCHEMA_VERSION = 5
"""2: the dated bloc table is no longer stored (it follows the code, :mod:`armsledger.blocs`);
3: ``facts``, each delivery with its deal's supplier, recipient, category, status and local
production, stored by supplier (what profiles read);
4: each yearly value says how it was obtained (``deliveries.method``: exact, reconstructed,
even; :mod:`armsledger.reconstruct`), ``flows`` and ``facts`` carry it, ``reconstructions``
holds each register release's summary;
5: claims keep a range's ends (``value_low``, ``value_high``) and a relative period's words
(``period_relative``)."""

MIGRATIONS: dict[int, list[str]] = {
    4: [
        "ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS method VARCHAR",
        "ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS method_source VARCHAR",
        "UPDATE deliveries SET method = CASE WHEN split_estimated THEN 'even' ELSE 'exact' END "
        "WHERE method IS NULL",
        "DROP TABLE IF EXISTS flows",
        "DROP TABLE IF EXISTS facts",
    ],
    5: [
        "ALTER TABLE claims ADD COLUMN IF NOT EXISTS value_low DOUBLE",
        "ALTER TABLE claims ADD COLUMN IF NOT EXISTS value_high DOUBLE",
        "ALTER TABLE claims ADD COLUMN IF NOT EXISTS period_relative VARCHAR",
    ],
}
"""Statements that bring a database of an older schema up to a version, run before the DDL
(which creates what is missing); derived tables dropped here are rebuilt from the stored
rows."""

DDL = """
CREATE TABLE IF NOT EXISTS meta(key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS releases(
    release_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL UNIQUE,
    format VARCHAR NOT NULL,
    encoding VARCHAR,
    generated_on DATE,
    title VARCHAR,
    loaded_at TIMESTAMP NOT NULL,
    source_rows INTEGER NOT NULL,
    deals INTEGER NOT NULL,
    deliveries INTEGER NOT NULL,
    tiv_values INTEGER NOT NULL,
    warnings INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS actors(
    sipri_name VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    iso3 VARCHAR,
    region VARCHAR,
    subregion VARCHAR
);
CREATE TABLE IF NOT EXISTS deals(
    release_id INTEGER NOT NULL,
    deal_id VARCHAR NOT NULL,
    supplier VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    order_year INTEGER,
    order_year_estimated BOOLEAN,
    number_ordered BIGINT,
    number_ordered_estimated BOOLEAN,
    number_delivered BIGINT,
    number_delivered_estimated BOOLEAN,
    designation VARCHAR,
    description VARCHAR,
    category VARCHAR,
    status VARCHAR,
    local_production BOOLEAN,
    tiv_unit DOUBLE,
    tiv_unit_new DOUBLE,
    tiv_order DOUBLE,
    tiv_delivered DOUBLE,
    delivery_years VARCHAR,
    comments VARCHAR,
    source_line BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries(
    release_id INTEGER NOT NULL,
    deal_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    year_estimated BOOLEAN,
    number BIGINT,
    number_estimated BOOLEAN,
    tiv DOUBLE,
    split_estimated BOOLEAN NOT NULL,
    source_line BIGINT NOT NULL,
    method VARCHAR,
    method_source VARCHAR
);
CREATE TABLE IF NOT EXISTS reconstructions(
    release_id INTEGER PRIMARY KEY,
    summary VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS tiv_values(
    release_id INTEGER NOT NULL,
    actor VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    tiv DOUBLE,
    source_line BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS flows(
    release_id INTEGER NOT NULL,
    supplier VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    tiv DOUBLE,
    deliveries INTEGER NOT NULL,
    deals INTEGER NOT NULL,
    tiv_exact DOUBLE,
    tiv_reconstructed DOUBLE,
    tiv_even DOUBLE
);
CREATE TABLE IF NOT EXISTS facts(
    release_id INTEGER NOT NULL,
    supplier VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    deal_id VARCHAR NOT NULL,
    tiv DOUBLE NOT NULL,
    split_estimated BOOLEAN NOT NULL,
    method VARCHAR NOT NULL,
    category VARCHAR,
    status VARCHAR,
    local_production BOOLEAN
);
CREATE SEQUENCE IF NOT EXISTS claim_ids START 1;
CREATE TABLE IF NOT EXISTS claims(
    claim_id INTEGER PRIMARY KEY DEFAULT nextval('claim_ids'),
    claimant VARCHAR NOT NULL,
    subject_exporter VARCHAR,
    metric VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    currency VARCHAR,
    qualifier VARCHAR NOT NULL,
    period_start VARCHAR,
    period_end VARCHAR,
    quote VARCHAR NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    amount DOUBLE,
    source_title VARCHAR,
    source_outlet VARCHAR,
    source_date VARCHAR,
    source_url VARCHAR,
    source_file VARCHAR,
    note VARCHAR,
    origin VARCHAR NOT NULL,
    added_at TIMESTAMP NOT NULL,
    fingerprint VARCHAR NOT NULL UNIQUE,
    value_low DOUBLE,
    value_high DOUBLE,
    period_relative VARCHAR
);
CREATE TABLE IF NOT EXISTS embargo_tables(
    table_name VARCHAR PRIMARY KEY,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS embargoes(
    table_name VARCHAR NOT NULL,
    embargo_id VARCHAR NOT NULL,
    imposed_by VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    target_iso3 VARCHAR,
    target_kind VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    start_date VARCHAR NOT NULL,
    end_date VARCHAR,
    start_year INTEGER NOT NULL,
    end_year INTEGER,
    mandatory BOOLEAN NOT NULL,
    legal_basis VARCHAR,
    notes VARCHAR,
    source_url VARCHAR,
    source_line INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS load_warnings(
    release_id INTEGER NOT NULL,
    line BIGINT,
    column_name VARCHAR,
    message VARCHAR NOT NULL
);
"""
