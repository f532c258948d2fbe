package org.tocsin.advisory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.tocsin.ApiClient;

/** A {@code multipart/form-data} upload of one file, as browsers and {@code curl -F} send it. */
final class Multipart {

    private Multipart() {}

    record Body(String contentType, byte[] bytes) {}

    static Body file(String field, String fileName, String contentType, byte[] content, Map<String, String> fields) {
        var boundary = "----tocsin-test-" + UUID.randomUUID();
        var out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n"));
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(content);
        write(out, "\r\n--" + boundary + "--\r\n");
        return new Body("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** Posts an upload to the API with a token. */
    static ApiClient.Reply post(int port, String path, String token, Body body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", body.contentType()).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET that keeps the answer's bytes. */
    static HttpResponse<byte[]> download(int port, String path, String token, String cookie) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
