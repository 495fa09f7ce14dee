-- The population a plan forecasts for its horizon year (dân số dự báo): the land-use balance
-- of its map is measured against it in m² per person. NULL when not given.
ALTER TABLE plans ADD COLUMN population BIGINT;
