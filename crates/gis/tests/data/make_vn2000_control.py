"""Control points for the VN-2000 transform test: WGS 84 lon/lat -> VN-2000 / Lai Châu TM-3
(lon_0 = 103°00', k = 0.9999, x_0 = 500 km), computed by PROJ through pyproj from the EPSG
definitions (VN-2000 = EPSG:4756; PROJ picks EPSG's 'VN-2000 to WGS 84' operation), so the
reference does not share our +towgs84 string. Rerun: python3 make_vn2000_control.py > vn2000_laichau_control.csv
"""
import json, pathlib, pyproj
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import TransverseMercatorConversion

vn2000 = pyproj.CRS("EPSG:4756")
tm3 = ProjectedCRS(
    conversion=TransverseMercatorConversion(
        latitude_natural_origin=0, longitude_natural_origin=103.0,
        false_easting=500000, false_northing=0, scale_factor_natural_origin=0.9999),
    geodetic_crs=vn2000, name="VN-2000 / Lai Chau TM-3")
# The best (first) of the operations PROJ knows: EPSG "VN-2000 to WGS 84 (2)", then the projection.
to_tm3 = pyproj.transformer.TransformerGroup("EPSG:4326", tm3, always_xy=True).transformers[0]
here = pathlib.Path(__file__).parent
units = json.loads((here / "../../../../data/laichau_communes_2025.geojson").read_text())
points = []
for f in units["features"][::4]:
    ring = f["geometry"]["coordinates"][0][0]
    points.append((f["properties"]["code"], ring[0][0], ring[0][1]))
points += [("sw", 102.2, 21.7), ("ne", 103.9, 22.8)]
rows = [(pid, lon, lat, *to_tm3.transform(lon, lat)) for pid, lon, lat in points]
print(f"# pyproj {pyproj.__version__}, PROJ {pyproj.proj_version_str}")
print(f"# operation: {to_tm3.description}")
print("id,lon,lat,x,y")
for pid, lon, lat, x, y in rows:
    print(f"{pid},{lon:.9f},{lat:.9f},{x:.4f},{y:.4f}")
