-- The features of each layer version, a row each: a layer of any size is imported in
-- batches (never held whole) and read page by page, by bounding box, for OGC clients.
-- Versions added before this table keep their GeoJSON in layer_versions.content; newer
-- versions leave it empty.
CREATE TABLE layer_features (
    version_id  BIGINT NOT NULL REFERENCES layer_versions(id),
    seq         BIGINT NOT NULL,
    feature_id  TEXT NOT NULL,
    category    TEXT NOT NULL,
    min_lon     DOUBLE PRECISION NOT NULL,
    min_lat     DOUBLE PRECISION NOT NULL,
    max_lon     DOUBLE PRECISION NOT NULL,
    max_lat     DOUBLE PRECISION NOT NULL,
    properties  TEXT NOT NULL,
    geometry    BYTEA NOT NULL,
    PRIMARY KEY (version_id, seq)
);

CREATE INDEX layer_features_bbox ON layer_features (version_id, min_lon, max_lon);

-- A version being imported: its features are written in batches, each its own short
-- transaction (a long one would hold SQLite's write lock for the whole file), and the version
-- is shown only when the last one marks it imported. A failed import removes its rows.
ALTER TABLE layer_versions ADD COLUMN importing BIGINT NOT NULL DEFAULT 0;
