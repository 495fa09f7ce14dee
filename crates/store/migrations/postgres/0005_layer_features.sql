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
