-- Sectoral layers: each owned by a department, versioned (an upload never replaces an older
-- version), published to communes and consultants when the department says so.
CREATE TABLE layers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    key           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    owner_org_id  INTEGER NOT NULL REFERENCES organisations(id),
    created_at    TEXT NOT NULL
);

CREATE TABLE layer_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    layer_id    INTEGER NOT NULL REFERENCES layers(id),
    version     INTEGER NOT NULL,
    features    INTEGER NOT NULL,
    categories  TEXT NOT NULL,
    content     TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    published   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (layer_id, version)
);

-- Each land-use map a dossier received (a GeoJSON document of kind gis_data), with the check
-- the server ran on it and the layer versions it was checked against.
CREATE TABLE landuse_checks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    event_seq   INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    zones       INTEGER NOT NULL,
    layers      TEXT NOT NULL,
    report      TEXT NOT NULL,
    checked_at  TEXT NOT NULL,
    UNIQUE (dossier_id, event_seq)
);
