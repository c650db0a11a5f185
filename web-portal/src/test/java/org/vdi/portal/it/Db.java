package org.vdi.portal.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only looks into the broker's PostgreSQL database (VDI_DB_URL,
 * VDI_DB_USER, VDI_DB_PASSWORD) for what the API does not show: the audit
 * trail and the desktop state history.
 */
public final class Db {

    private Db() {
    }

    /** Rows of a query with parameters, each as column name to value. */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(ItEnv.require("VDI_DB_URL"), ItEnv.require("VDI_DB_USER"),
                ItEnv.require("VDI_DB_PASSWORD"));
                PreparedStatement ps = c.prepareStatement(sql)) {
            c.setReadOnly(true);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new AssertionError("database query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a statement that writes (tests that need records the broker only
     * gathers over months, such as usage for the reports); returns the row count.
     */
    public static int execute(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(ItEnv.require("VDI_DB_URL"), ItEnv.require("VDI_DB_USER"),
                ItEnv.require("VDI_DB_PASSWORD"));
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError("database statement failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Audit events for a target id, oldest first. */
    public static List<Map<String, Object>> auditEvents(String targetId) {
        return query("SELECT actor, action, target_type, target_id, outcome, detail FROM audit_event"
                + " WHERE target_id = ? ORDER BY id", targetId);
    }

    /** A desktop's state changes as the database trigger recorded them, oldest first. */
    public static List<Map<String, Object>> transitions(String desktopId) {
        return query("SELECT from_state, to_state, cause FROM desktop_transition WHERE desktop_id = ?::uuid"
                + " ORDER BY id", desktopId);
    }
}
