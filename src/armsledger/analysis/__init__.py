"""Analysis: pure functions over a :class:`~armsledger.store.Store` returning plain data."""
