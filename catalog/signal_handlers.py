"""Signal wiring for the catalog (cache invalidation etc. is added here, never in model.save())."""
