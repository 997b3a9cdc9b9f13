"""Claims about arms exports: the model, extraction from text, the ledger and the checks."""
