-- Pools are entitled to Keycloak groups by full path (/staff), no longer by
-- bare name (staff), which a subgroup of another parent (/contractors/staff)
-- shares. An existing name meant the top-level group of that name, the only
-- one the old mapper could tell apart, so it becomes that group's path.
ALTER TABLE pool_entitled_group ALTER COLUMN group_name TYPE varchar(255);

INSERT INTO pool_entitled_group (pool_id, group_name)
SELECT pool_id, '/' || group_name FROM pool_entitled_group
WHERE group_name NOT LIKE '/%'
ON CONFLICT DO NOTHING;

DELETE FROM pool_entitled_group WHERE group_name NOT LIKE '/%';
