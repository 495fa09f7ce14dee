# The properties of the OGC collections' features on their pages (issue 18): the JSON keeps
# its keys (area_km2, kind); a person reads these names.
ogc-prop-code = Code
ogc-prop-name = Name
ogc-prop-full-name = Full name
ogc-prop-province = Province code
ogc-prop-area-km2 = Area (km²)
ogc-prop-category = Land use
ogc-prop-dossier = Dossier no.
ogc-prop-unit-code = Unit code
ogc-prop-unit-name = Administrative unit
ogc-prop-plan-type = Plan type
ogc-prop-approved-on = Approved on
ogc-prop-sha256 = SHA-256 of the map file
