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
