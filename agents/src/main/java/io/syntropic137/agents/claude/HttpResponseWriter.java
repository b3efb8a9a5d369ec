package io.syntropic137.agents.claude;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes HTTP/1.1 responses on a kept-alive connection: whole bodies with {@code Content-Length}, or streamed bodies
 * in chunked encoding, each chunk flushed at once so server-sent events reach the client as they arrive.
 */
final class HttpResponseWriter {
    private final OutputStream out;

    HttpResponseWriter(OutputStream out) {
        this.out = out;
    }

    void sendWhole(int status, String contentType, byte[] body) throws IOException {
        StringBuilder head = statusLine(status);
        head.append("content-type: ").append(contentType).append("\r\n");
        head.append("content-length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    void sendJson(int status, String json) throws IOException {
        sendWhole(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a chunked response; write the body to the returned stream, then close it (writes the last chunk). */
    OutputStream startChunked(int status, Map<String, String> headers) throws IOException {
        StringBuilder head = statusLine(status);
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("transfer-encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length == 0) {
                    return; // a zero-length chunk would end the body
                }
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, offset, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        };
    }

    private static StringBuilder statusLine(int status) {
        return new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 529 -> "Overloaded";
            default -> "Status";
        };
    }
}
