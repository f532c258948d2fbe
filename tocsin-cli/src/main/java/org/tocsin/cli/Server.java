package org.tocsin.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Tocsin server's JSON API, called with a bearer token. Every way a call can fail ends in a
 * {@link Failure} whose exit code tells refusal ({@link Tocsin#EXIT_REFUSED}) from an unusable
 * answer ({@link Tocsin#EXIT_UNAVAILABLE}).
 */
final class Server {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    // Newer servers may add fields; the client reads the ones it knows.
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    /** The value of the Authorization header, computed once. */
    private final String authorization;
    // Redirects are not followed: they would carry the token to wherever the redirect points.
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Server(URI base, String token) {
        this(base, new Credentials("Bearer " + token));
    }

    private record Credentials(String header) {
    }

    private Server(URI base, Credentials credentials) {
        this.base = base;
        this.authorization = credentials.header();
    }

    /**
     * The same server, called with HTTP Basic authentication: the user name and the token as the
     * password (as TAXII servers commonly ask, and as Tocsin also accepts).
     */
    Server withBasic(String user, String token) {
        String pair = user + ":" + token;
        return new Server(base, new Credentials("Basic "
                + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** The server's address, for messages. */
    URI base() {
        return base;
    }

    /** A successful answer: the JSON as it came, and what was read from it. */
    record Answer<T>(String json, T value) {
    }

    /**
     * GETs a path of the API and reads the JSON answer.
     *
     * @param path the path below the server's address, such as {@code /api/v1/me}
     * @param type the record to read the answer into
     * @param what what the answer is, in words, for messages
     * @throws Failure if the call is refused or brings no readable answer
     */
    <T> Answer<T> get(String path, Class<T> type, String what) {
        URI uri = URI.create(base + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer<>(response.body(), read(response.body(), type, what));
        }
        throw refusalOrError(response);
    }

    /**
     * POSTs a JSON body to a path of the API and reads the JSON answer.
     *
     * @param body the request, written as JSON
     * @throws Failure if the call is refused or brings no readable answer
     */
    <T> Answer<T> postJson(String path, Object body, Class<T> type, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer<>(response.body(), read(response.body(), type, what));
        }
        throw refusalOrError(response);
    }

    /** A TAXII 2.1 answer: its JSON body, and its {@code X-TAXII-Date-Added-Last} header if any. */
    record TaxiiAnswer(String json, String dateAddedLast) {
    }

    /**
     * GETs a TAXII 2.1 resource below the server's address, asking for TAXII's media type.
     *
     * @param pathAndQuery the path, with its query, below the server's address
     * @throws Failure if the call is refused or brings no answer
     */
    TaxiiAnswer getTaxii(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/taxii+json;version=2.1")
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new TaxiiAnswer(response.body(), response.headers().firstValue("X-TAXII-Date-Added-Last").orElse(null));
        }
        throw refusalOrError(response);
    }

    /**
     * GETs a path whose answer is a file rather than JSON (an export) and returns it as text.
     *
     * @throws Failure if the call is refused or fails
     */
    String getText(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "*/*")
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return response.body();
        }
        throw refusalOrError(response);
    }

    /**
     * POSTs a body with the given media type (a TAXII envelope, for instance) and returns the answer's text.
     *
     * @throws Failure if the call is refused or fails
     */
    String post(String path, String mediaType, String body, java.util.Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", mediaType)
                .header("Content-Type", mediaType)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return response.body();
        }
        throw refusalOrError(response);
    }

    /**
     * POSTs bytes (a multipart upload, for instance) and returns the answer's text.
     *
     * @throws Failure if the call is refused or fails
     */
    String post(String path, String contentType, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", contentType)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return response.body();
        }
        throw refusalOrError(response);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE,
                    "The Tocsin server at " + base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable(causedByUnknownHost(e)
                    ? "unknown host " + base.getHost()
                    : e.getMessage() == null ? "connection refused" : e.getMessage());
        } catch (SSLException e) {
            throw unreachable("the TLS connection failed: " + e.getMessage());
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted while waiting for the answer");
        }
    }

    // The client wraps the resolver's complaint in two ConnectExceptions, neither with a message.
    private static boolean causedByUnknownHost(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private Failure unreachable(String reason) {
        return new Failure(Tocsin.EXIT_UNAVAILABLE, "Cannot reach the Tocsin server at " + base + ": " + reason);
    }

    private Failure refusalOrError(HttpResponse<String> response) {
        int status = response.statusCode();
        String said = problemDetail(response).map(detail -> ": " + detail).orElse("");
        return switch (status) {
            case 400 -> new Failure(Tocsin.EXIT_USAGE, "The server refused the request (HTTP 400)" + said);
            case 401 -> new Failure(Tocsin.EXIT_REFUSED,
                    "The server did not accept the API token (HTTP 401)" + orElse(said, "; check that it is current"));
            case 403 -> new Failure(Tocsin.EXIT_REFUSED,
                    "Permission refused (HTTP 403)" + orElse(said, "; this account may not do that"));
            // The server answers 404 where even saying "forbidden" would tell too much.
            case 404 -> new Failure(Tocsin.EXIT_REFUSED,
                    "Not found, or not permitted for this account (HTTP 404)" + orElse(said, "; check --url"));
            default -> {
                if (status >= 300 && status < 400) {
                    String location = response.headers().firstValue("Location").map(Server::printable).orElse("elsewhere");
                    yield new Failure(Tocsin.EXIT_UNAVAILABLE, "The server redirected the request to " + location
                            + " (HTTP " + status + "); redirects are not followed, so check --url");
                }
                if (status >= 500) {
                    yield new Failure(Tocsin.EXIT_UNAVAILABLE, "Server error (HTTP " + status + ")" + said);
                }
                yield new Failure(Tocsin.EXIT_UNAVAILABLE, "Unexpected answer from the server (HTTP " + status + ")" + said);
            }
        };
    }

    private static String orElse(String said, String otherwise) {
        return said.isEmpty() ? otherwise : said;
    }

    /**
     * An RFC 9457 problem detail, as Tocsin's API answers errors, or a TAXII 2.1 error message
     * (whose {@code description} is the detail).
     */
    private record Problem(String title, Integer status, String detail, String description) {
    }

    private static Optional<String> problemDetail(HttpResponse<String> response) {
        boolean json = response.headers().firstValue("Content-Type")
                .map(type -> type.startsWith("application/problem+json") || type.startsWith("application/json")
                        || type.startsWith("application/taxii+json"))
                .orElse(false);
        if (!json || response.body().isBlank()) {
            return Optional.empty();
        }
        try {
            Problem problem = JSON.readValue(response.body(), Problem.class);
            String text = problem.detail() != null && !problem.detail().isBlank() ? problem.detail()
                    : problem.description() != null && !problem.description().isBlank() ? problem.description()
                    : problem.title();
            return Optional.ofNullable(text).filter(t -> !t.isBlank()).map(Server::printable);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private <T> T read(String body, Class<T> type, String what) {
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The server's answer holds no " + what);
            }
            return value;
        } catch (JacksonException e) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE,
                    "The server's answer could not be read as " + what + ": " + printable(e.getOriginalMessage()));
        }
    }

    /**
     * Makes text from the server safe to print: control characters, which could move the cursor
     * or rewrite what the terminal shows, become {@code ?}.
     */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return safe.toString();
    }
}
