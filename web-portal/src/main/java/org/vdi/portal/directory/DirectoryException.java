package org.vdi.portal.directory;

/** Reading Keycloak's directory failed (unreachable, refused, or an unexpected answer). */
class DirectoryException extends Exception {

    private static final long serialVersionUID = 1L;

    DirectoryException(String message) {
        super(message);
    }

    DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
