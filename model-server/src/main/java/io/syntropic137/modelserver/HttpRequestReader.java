package io.syntropic137.modelserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads HTTP/1.1 requests from a connection, one after another (keep-alive): request line, headers, and a body
 * framed by {@code Content-Length} or {@code Transfer-Encoding: chunked}. Limits keep a bad client from
 * exhausting memory; Claude Code's requests are about 50 KB.
 */
final class HttpRequestReader {

    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;

    /** @param out where {@code 100 Continue} is sent when a client asks for it before sending its body */
    HttpRequestReader(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** @return empty when the client closed the connection cleanly between requests */
    Optional<HttpRequest> next() throws IOException, HttpProtocolException {
        String requestLine = readLine(true);
        if (requestLine == null) return Optional.empty();
        while (requestLine.isEmpty()) { // tolerated: stray CRLF between requests
            requestLine = readLine(true);
            if (requestLine == null) return Optional.empty();
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new HttpProtocolException(400, "malformed request line: " + abbreviate(requestLine));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = requestLine.length();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            headBytes += line.length() + 2;
            if (headBytes > MAX_HEAD_BYTES) throw new HttpProtocolException(431, "request head over " + MAX_HEAD_BYTES + " bytes");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new HttpProtocolException(400, "malformed header line: " + abbreviate(line));
            String name = line.substring(0, colon).trim().toLowerCase();
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = readBody(headers);
        String encoding = headers.getOrDefault("content-encoding", "identity").toLowerCase();
        body = switch (encoding) {
            case "identity" -> body;
            case "gzip" -> gunzip(body);
            default -> throw new HttpProtocolException(415, "unsupported content-encoding " + encoding);
        };
        String target = parts[1];
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        return Optional.of(new HttpRequest(parts[0], path, query, headers, body));
    }

    private byte[] readBody(Map<String, String> headers) throws IOException, HttpProtocolException {
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null) {
            if (!transferEncoding.toLowerCase().endsWith("chunked")) {
                throw new HttpProtocolException(501, "unsupported transfer-encoding " + transferEncoding);
            }
            return readChunked();
        }
        String length = headers.get("content-length");
        if (length == null) return new byte[0];
        long n;
        try {
            n = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new HttpProtocolException(400, "content-length is not a number: " + abbreviate(length));
        }
        if (n < 0) throw new HttpProtocolException(400, "negative content-length");
        if (n > MAX_BODY_BYTES) throw new HttpProtocolException(413, "body over " + MAX_BODY_BYTES + " bytes");
        return readExactly((int) n);
    }

    private byte[] readChunked() throws IOException, HttpProtocolException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions are allowed and ignored
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new HttpProtocolException(400, "malformed chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
                throw new HttpProtocolException(413, "body over " + MAX_BODY_BYTES + " bytes");
            }
            if (size == 0) break;
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) throw new HttpProtocolException(400, "chunk not followed by CRLF");
        }
        while (!readLine(false).isEmpty()) {
            // trailers: read and ignored
        }
        return body.toByteArray();
    }

    private byte[] readExactly(int n) throws IOException, HttpProtocolException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) throw new HttpProtocolException(400, "connection closed inside the body");
        return bytes;
    }

    /**
     * Reads one CRLF- (or LF-) terminated line as ISO-8859-1.
     *
     * @param endAllowed whether end of stream before any byte is a clean end (returns null) or an error
     */
    private String readLine(boolean endAllowed) throws IOException, HttpProtocolException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (endAllowed && line.isEmpty()) return null;
                throw new HttpProtocolException(400, "connection closed inside the request head");
            }
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') line.setLength(last);
                return line.toString();
            }
            line.append((char) b);
            if (line.length() > MAX_HEAD_BYTES) throw new HttpProtocolException(431, "header line over " + MAX_HEAD_BYTES + " bytes");
        }
    }

    private static byte[] gunzip(byte[] body) throws HttpProtocolException {
        try (var gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            byte[] plain = gzip.readNBytes(MAX_BODY_BYTES + 1);
            if (plain.length > MAX_BODY_BYTES) throw new HttpProtocolException(413, "body over " + MAX_BODY_BYTES + " bytes");
            return plain;
        } catch (IOException e) {
            throw new HttpProtocolException(400, "body is not valid gzip: " + e.getMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
