-- When a started desktop counts as ready (issue 10): AGENT waits until its
-- qemu-guest-agent answers, BOOT hands it out once the domain runs. Pools that
-- exist already keep BOOT, their behaviour so far: their images may carry no
-- agent, and their domains were defined without the agent's channel. New
-- pools get the application's default (AGENT) from the broker.
ALTER TABLE pool ADD COLUMN readiness varchar(8) NOT NULL DEFAULT 'BOOT'
    CHECK (readiness IN ('AGENT', 'BOOT'));
ALTER TABLE pool ALTER COLUMN readiness DROP DEFAULT;

-- How long a desktop may stay STARTING before it counts as failed.
ALTER TABLE pool ADD COLUMN readiness_timeout_s integer NOT NULL DEFAULT 300
    CHECK (readiness_timeout_s BETWEEN 10 AND 3600);
