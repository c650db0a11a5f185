package org.vdi.console.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Clipboard text between the browser (Guacamole streams of UTF-8 text) and the VNC
 * server (cut text in the connection's clipboard encoding, ISO 8859-1 by default),
 * capped like guacd's clipboard buffer so neither side can make it grow without bound.
 */
final class Clipboard {

    /** guacd's default clipboard buffer size. */
    static final int MAX_BYTES = 256 * 1024;
    private static final String STREAM = "127";

    private final Charset charset;
    private String stream;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    Clipboard(Charset charset) {
        this.charset = charset;
    }

    /** The browser opens a clipboard stream; only text is taken. */
    void begin(String streamIndex, String mimetype) {
        received.reset();
        stream = mimetype.startsWith("text/") ? streamIndex : null;
    }

    void blob(String streamIndex, String base64) {
        if (!streamIndex.equals(stream)) {
            return;
        }
        byte[] data;
        try {
            data = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return; // not base64: dropped, like any undecodable blob
        }
        int room = MAX_BYTES - received.size();
        received.write(data, 0, Math.min(room, data.length));
    }

    /**
     * The browser closes the stream.
     *
     * @return the text in the VNC clipboard encoding, or null when the stream was not ours
     */
    byte[] end(String streamIndex) {
        if (!streamIndex.equals(stream)) {
            return null;
        }
        stream = null;
        String text = new String(received.toByteArray(), StandardCharsets.UTF_8);
        received.reset();
        return encode(text);
    }

    private byte[] encode(String text) {
        CharsetEncoder enc = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            ByteBuffer b = enc.encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return new byte[0];
        }
    }

    /** Cut text from the VNC server becomes the browser's clipboard. */
    void send(GuacOutput out, byte[] cutText) throws IOException {
        byte[] utf8 = new String(cutText, charset).getBytes(StandardCharsets.UTF_8);
        int len = Math.min(utf8.length, MAX_BYTES);
        out.write("clipboard", STREAM, "text/plain");
        Base64.Encoder b64 = Base64.getEncoder();
        for (int off = 0; off < len; off += DisplayWriter.BLOB_BYTES) {
            int n = Math.min(DisplayWriter.BLOB_BYTES, len - off);
            out.write("blob", STREAM, b64.encodeToString(java.util.Arrays.copyOfRange(utf8, off, off + n)));
        }
        out.write("end", STREAM);
        out.flush();
    }
}
