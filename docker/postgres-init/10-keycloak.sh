#!/bin/bash
# Creates Keycloak's own database beside the broker's, on the first start of
# the PostgreSQL container only. The password comes from the environment.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -v pw="$KEYCLOAK_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE keycloak LOGIN PASSWORD :'pw';
CREATE DATABASE keycloak OWNER keycloak;
SQL
