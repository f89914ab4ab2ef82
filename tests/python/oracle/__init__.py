"""Independent computations over the published data in data/england, written
with pandas, GeoPandas, shapely and SciPy (no coterm code), that the tests use
as the origin of their expected real-data numbers (docs/testing.md). Each
module re-derives one capability's figures by a simpler route than coterm's."""
