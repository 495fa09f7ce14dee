"""Control points for the VN-2000 EPSG codes test: WGS 84 lon/lat -> every VN-2000 system that
EPSG defines (geographic, UTM 48 and 49, each TM-3 zone), computed by PROJ through pyproj from
EPSG's own definitions (PROJ picks EPSG's 'VN-2000 to WGS 84' operation), so the reference does
not share plantrack's PROJ strings. Points lie within about 1.5 degrees of each zone's meridian,
across Viet Nam's latitudes. Rerun: python3 make_vn2000_epsg_control.py > vn2000_epsg_control.csv
"""
import pyproj

CODES = [4756, 3405, 3406, 5896, 5897, 5898, 5899] + list(range(9205, 9219))
print(f"# pyproj {pyproj.__version__}, PROJ {pyproj.proj_version_str}")
print("epsg,name,lon,lat,x,y")
for code in CODES:
    crs = pyproj.CRS.from_epsg(code)
    if crs.is_geographic:
        meridian = 105.5
    else:
        meridian = crs.coordinate_operation.params[1].value  # longitude of natural origin
    to = pyproj.transformer.TransformerGroup("EPSG:4326", crs, always_xy=True).transformers[0]
    for dlon, lat in [(-1.4, 10.3), (0.0, 16.1), (1.3, 22.4), (0.6, 8.8)]:
        lon = meridian + dlon
        x, y = to.transform(lon, lat)
        name = crs.name.replace(",", " ")
        print(f"{code},{name},{lon:.6f},{lat:.6f},{x:.9f},{y:.9f}" if crs.is_geographic
              else f"{code},{name},{lon:.6f},{lat:.6f},{x:.4f},{y:.4f}")
