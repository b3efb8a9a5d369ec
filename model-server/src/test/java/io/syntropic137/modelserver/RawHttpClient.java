package io.syntropic137.modelserver;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test helper: a deliberately small HTTP/1.1 client on one connection, written independently of the server's
 * parser, for what the JDK HttpClient cannot do: Unix sockets, keep-alive checks, and seeing a cut response.
 */
final class RawHttpClient implements AutoCloseable {

    /** @param complete false when the connection ended before the body did */
    record Response(int status, Map<String, String> headers, String body, boolean complete) {
    }

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private RawHttpClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel));
        this.out = Channels.newOutputStream(channel);
    }

    static RawHttpClient connect(SocketAddress address) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open(StandardProtocolFamily.INET);
        channel.connect(address);
        return new RawHttpClient(channel);
    }

    Response post(String path, String json, boolean chunkedBody, Map<String, String> headers) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        if (chunkedBody) {
            head.append("transfer-encoding: chunked\r\n\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            int half = body.length / 2;
            writeChunk(request, body, 0, half);
            writeChunk(request, body, half, body.length - half);
            request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            head.append("content-length: ").append(body.length).append("\r\n\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
        }
        out.write(request.toByteArray());
        out.flush();
        return readResponse();
    }

    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    Response readResponse() throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("the server closed the connection without a response");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line();
                if (size == null) return new Response(status, headers, body.toString(StandardCharsets.UTF_8), false);
                int n = Integer.parseInt(size.trim(), 16);
                if (n == 0) {
                    line();
                    return new Response(status, headers, body.toString(StandardCharsets.UTF_8), true);
                }
                byte[] chunk = in.readNBytes(n);
                body.writeBytes(chunk);
                if (chunk.length < n || line() == null) {
                    return new Response(status, headers, body.toString(StandardCharsets.UTF_8), false);
                }
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] bytes = in.readNBytes(length);
        return new Response(status, headers, new String(bytes, StandardCharsets.UTF_8), bytes.length == length);
    }

    /** Whether the server has closed this connection (a read sees end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true; // reset by the server counts as closed
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') return line.toString().replaceFirst("\r$", "");
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static void writeChunk(ByteArrayOutputStream to, byte[] data, int offset, int length) {
        to.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        to.write(data, offset, length);
        to.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
