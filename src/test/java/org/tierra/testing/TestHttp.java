package org.tierra.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against a running Tierra on localhost. */
public final class TestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public TestHttp(int port) {
        this.port = port;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.GET().build());
    }

    public HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request without a body (HEAD, say), read as bytes, with header name/value pairs. */
    public HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(
                    request.method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Any method, with an optional JSON body and header name/value pairs. */
    public HttpResponse<String> request(String method, String pathAndQuery, String jsonBody, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        return send(request.build());
    }

    /** A multipart/form-data body: text fields, then a file part when {@code filename} is not null. */
    public static final class Upload {
        private final String contentType;
        private final byte[] body;

        private Upload(String contentType, byte[] body) {
            this.contentType = contentType;
            this.body = body;
        }

        public String contentType() {
            return contentType;
        }

        public byte[] body() {
            return body.clone();
        }

        public static Upload of(
                java.util.Map<String, String> fields, String filename, String fileType, byte[] content) {
            String boundary = "tierra-test-" + System.nanoTime();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (java.util.Map.Entry<String, String> field : fields.entrySet()) {
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                                + "\"\r\n\r\n" + field.getValue() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (filename != null) {
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                                + filename + "\"\r\n" + (fileType == null ? "" : "Content-Type: " + fileType + "\r\n")
                                + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.writeBytes(content);
                out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return new Upload("multipart/form-data; boundary=" + boundary, out.toByteArray());
        }
    }

    /** POSTs {@code upload} with header name/value pairs. */
    public HttpResponse<String> upload(String pathAndQuery, Upload upload, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            request.headers(headers);
        }
        request.header("Content-Type", upload.contentType());
        return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(upload.body()))
                .build());
    }

    /** Signs in and returns a client that sends the session cookie, and the CSRF token on writes. */
    public Session signIn(String username, String password) {
        HttpResponse<String> response = request(
                "POST",
                "/api/v1/auth/login",
                JSON.writeValueAsString(java.util.Map.of("username", username, "password", password)));
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "sign-in as " + username + " failed: " + response.statusCode() + " " + response.body());
        }
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("tierra_session="))
                .map(header -> header.substring(0, header.indexOf(';')))
                .findFirst()
                .orElseThrow();
        return new Session(this, cookie, json(response).get("csrfToken").asString(), response);
    }

    /** A signed-in browser, as far as the API can tell. */
    public record Session(TestHttp http, String cookie, String csrfToken, HttpResponse<String> signInResponse) {
        public HttpResponse<String> get(String path) {
            return http.request("GET", path, null, "Cookie", cookie);
        }

        public HttpResponse<String> send(String method, String path, String jsonBody, String... headers) {
            String[] all = java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("Cookie", cookie, "X-CSRF-Token", csrfToken),
                            java.util.Arrays.stream(headers))
                    .toArray(String[]::new);
            return http.request(method, path, jsonBody, all);
        }

        /** A multipart upload, with the session cookie and CSRF token. */
        public HttpResponse<String> upload(String path, Upload upload) {
            return http.upload(path, upload, "Cookie", cookie, "X-CSRF-Token", csrfToken);
        }

        /** A GET of raw bytes (a document's content). */
        public HttpResponse<byte[]> getBytes(String path, String... headers) {
            String[] all = java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("Cookie", cookie), java.util.Arrays.stream(headers))
                    .toArray(String[]::new);
            return http.getBytes(path, all);
        }

        /** A write without the CSRF header, as a cross-site form would send it. */
        public HttpResponse<String> sendWithoutCsrf(String method, String path, String jsonBody) {
            return http.request(method, path, jsonBody, "Cookie", cookie);
        }
    }

    /** A client that authenticates with an API token. */
    public record Bearer(TestHttp http, String token) {
        public HttpResponse<String> get(String path) {
            return http.request("GET", path, null, "Authorization", "Bearer " + token);
        }

        public HttpResponse<String> send(String method, String path, String jsonBody, String... headers) {
            String[] all = java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("Authorization", "Bearer " + token),
                            java.util.Arrays.stream(headers))
                    .toArray(String[]::new);
            return http.request(method, path, jsonBody, all);
        }

        /** A multipart upload with the token. */
        public HttpResponse<String> upload(String path, Upload upload) {
            return http.upload(path, upload, "Authorization", "Bearer " + token);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static String gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
