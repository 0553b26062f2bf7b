"""Places: the embedded GeoNames gazetteer (build, open, look up), toponyms in an article,
the geographic context of an article, and the stages that resolve toponyms and an event's
place."""
