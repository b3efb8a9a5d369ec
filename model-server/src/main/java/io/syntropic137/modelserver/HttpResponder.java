package io.syntropic137.modelserver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes HTTP/1.1 responses: whole ones with {@code Content-Length}, or streamed ones with chunked encoding. */
final class HttpResponder {

    private final OutputStream out;

    HttpResponder(OutputStream out) {
        this.out = out;
    }

    void send(int status, String contentType, byte[] body, Map<String, String> extraHeaders, boolean close,
              boolean headOnly) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        if (contentType != null) headers.put("content-type", contentType);
        headers.put("content-length", Integer.toString(body.length));
        writeHead(status, headers, close);
        if (!headOnly) out.write(body);
        out.flush();
    }

    /** Starts a chunked response; the caller writes the body and must call {@link Chunked#finish()}. */
    Chunked startChunked(int status, String contentType, Map<String, String> extraHeaders) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("content-type", contentType);
        headers.put("cache-control", "no-cache");
        headers.put("transfer-encoding", "chunked");
        writeHead(status, headers, false);
        out.flush();
        return new Chunked();
    }

    /** The body of a chunked response: each {@link #write} is one chunk, flushed at once so events arrive live. */
    final class Chunked {
        private Chunked() {
        }

        void write(byte[] data) throws IOException {
            if (data.length == 0) return; // an empty chunk would end the body
            out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.write(CRLF);
            out.flush();
        }

        void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private void writeHead(int status, Map<String, String> headers, boolean close) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 529 -> "Overloaded";
            default -> "Status " + status;
        };
    }
}
