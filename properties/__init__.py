"""Properties: MLS listings in RESO Data Dictionary shape, imports, search and CMA."""
