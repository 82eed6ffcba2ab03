"""RESO Data Dictionary input: record validation, file feeds and the Web API client."""
