-- The features of each layer version, a row each: a layer of any size is imported in
-- batches (never held whole) and read page by page, by bounding box, for OGC clients.
-- Versions added before this table keep their GeoJSON in layer_versions.content; newer
-- versions leave it empty.
CREATE TABLE layer_features (
    version_id  INTEGER NOT NULL REFERENCES layer_versions(id),
    seq         INTEGER NOT NULL,
    feature_id  TEXT NOT NULL,
    category    TEXT NOT NULL,
    min_lon     REAL NOT NULL,
    min_lat     REAL NOT NULL,
    max_lon     REAL NOT NULL,
    max_lat     REAL NOT NULL,
    properties  TEXT NOT NULL,
    geometry    BLOB NOT NULL,
    PRIMARY KEY (version_id, seq)
);

CREATE INDEX layer_features_bbox ON layer_features (version_id, min_lon, max_lon);

-- A version being imported: its features are written in batches, each its own short
-- transaction (a long one would hold SQLite's write lock for the whole file), and the version
-- is shown only when the last one marks it imported. A failed import removes its rows.
ALTER TABLE layer_versions ADD COLUMN importing INTEGER NOT NULL DEFAULT 0;
