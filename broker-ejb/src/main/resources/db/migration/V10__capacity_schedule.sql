-- Capacity schedules (issue 16): per pool, rules that set the warm spare target
-- (and optionally the size cap) during a weekly window in a time zone. A table
-- of their own, not columns on pool: the whole list is replaced at once.
CREATE TABLE pool_capacity_rule (
    pool_id      uuid         NOT NULL REFERENCES pool (id) ON DELETE CASCADE,
    position     smallint     NOT NULL CHECK (position >= 0),
    -- the days the window starts on, as ISO day numbers: {1,2,3,4,5} is Monday to Friday
    days         smallint[]   NOT NULL CHECK (cardinality(days) BETWEEN 1 AND 7 AND days <@ '{1,2,3,4,5,6,7}'),
    start_minute smallint     NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   smallint     NOT NULL CHECK (end_minute BETWEEN 1 AND 1440 AND end_minute <> start_minute),
    zone         varchar(64)  NOT NULL,
    spare_target integer      NOT NULL CHECK (spare_target BETWEEN 0 AND 1000),
    max_size     integer      CHECK (max_size BETWEEN 1 AND 1000),
    PRIMARY KEY (pool_id, position)
);
