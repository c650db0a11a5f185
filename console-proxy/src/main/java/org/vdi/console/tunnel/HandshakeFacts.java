package org.vdi.console.tunnel;

/**
 * What only the HTTP upgrade request tells about a console connection: the
 * page's Origin, the Host it was sent to, and the browser's address.
 */
record HandshakeFacts(String origin, String host, String clientAddr) {
}
