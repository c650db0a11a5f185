package org.vdi.broker.domain.model.report;

/**
 * One user's console use in a range.
 *
 * @param sessions console sessions started in the range
 * @param seconds  the time they were open (whole seconds; cut at the range's end)
 */
public record UserUsage(String user, long sessions, long seconds) {
}
