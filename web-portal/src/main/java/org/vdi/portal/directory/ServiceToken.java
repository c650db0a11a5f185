package org.vdi.portal.directory;

/** The service account's access token and when it stops being valid (epoch milliseconds). */
record ServiceToken(String value, long expiresAtMillis) {

    /** Valid for at least the margin from now on. */
    boolean freshAt(long nowMillis, long marginMillis) {
        return nowMillis + marginMillis < expiresAtMillis;
    }

    @Override
    public String toString() {
        return "ServiceToken[...]";
    }
}
