package org.tocsin.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the server is and which token to show it: the options shared by every command that calls
 * the server. The environment comes in through the constructor rather than from
 * {@code System.getenv()}, so that {@link Tocsin#run} can be given any environment.
 */
@Command(footerHeading = "%nEnvironment:%n",
        footer = {
                "  TOCSIN_URL    Address of the server, used when --url is not given.",
                "  TOCSIN_TOKEN  API token, used when neither --token nor --token-file is given."})
final class ConnectionOptions {

    static final String TOKEN_OPTION = "--token";
    private static final String TOKEN_FILE_OPTION = "--token-file";
    private static final String URL_OPTION = "--url";
    private static final String URL_VARIABLE = "TOCSIN_URL";
    private static final String TOKEN_VARIABLE = "TOCSIN_TOKEN";
    private static final String DEFAULT_URL = "http://localhost:8080";

    private final Map<String, String> env;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = URL_OPTION, paramLabel = "URL",
            description = "Address of the Tocsin server. Default: $" + URL_VARIABLE
                    + ", if set, else " + DEFAULT_URL)
    private String url;

    @Option(names = TOKEN_OPTION, paramLabel = "TOKEN",
            description = "API token. Prefer --token-file or $" + TOKEN_VARIABLE
                    + ": others on this machine may see a command line.")
    private String token;

    @Option(names = TOKEN_FILE_OPTION, paramLabel = "FILE",
            description = "File holding the API token; white space around it is ignored.")
    private Path tokenFile;

    ConnectionOptions(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Returns the server these options name, to be called with the token they give.
     *
     * @throws ParameterException if the URL is malformed or no usable token is given
     */
    Server server() {
        return new Server(baseUrl(), token());
    }

    /**
     * Returns the server that holds a TAXII collection given by {@code --taxii}: the server of
     * the URL if it is absolute, else the one these options name, with the token they give (as a
     * bearer token, or as the password of HTTP Basic authentication with {@code basicUser}).
     *
     * <p>An absolute URL must be https, or http to this machine's loopback address: the token
     * would otherwise cross the network in clear text, to a server that may not be Tocsin.
     *
     * @param collection the collection's URL, or its path below the server's address
     * @param basicUser the user name for HTTP Basic authentication, or {@code null} for a bearer token
     * @throws ParameterException if a URL is malformed or no usable token is given
     */
    Server serverOf(URI collection, String basicUser) {
        Server server;
        if (collection.getScheme() == null) {
            server = server();
        } else {
            String scheme = collection.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || collection.getHost() == null
                    || collection.getRawUserInfo() != null) {
                throw usageError("Malformed --taxii URL: give https://host/.../collections/ID/ without user name or password");
            }
            if (scheme.equals("http") && !loopback(collection.getHost())) {
                throw usageError("The --taxii URL must start with https:// (plain http is allowed only to localhost): "
                        + "the token must not cross the network in clear text");
            }
            server = new Server(URI.create(scheme + "://" + collection.getRawAuthority()), token());
        }
        return basicUser == null ? server : server.withBasic(basicUser, token());
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Whether {@code --url} or {@code TOCSIN_URL} names the server, rather than the default. */
    boolean serverNamed() {
        return url != null || env.get(URL_VARIABLE) != null && !env.get(URL_VARIABLE).isBlank();
    }

    private URI baseUrl() {
        String source = url != null ? URL_OPTION : URL_VARIABLE;
        String given = url != null ? url : env.get(URL_VARIABLE);
        if (given == null || given.isBlank()) {
            source = "the default";
            given = DEFAULT_URL;
        }
        URI uri;
        try {
            uri = new URI(given.strip());
        } catch (URISyntaxException e) {
            throw usageError("Malformed URL from " + source + ": " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw usageError("Malformed URL from " + source + ": \"" + given
                    + "\" does not start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            // Not echoed: the part before the host is usually a password.
            throw usageError("Malformed URL from " + source
                    + ": it holds a user name or password; give the token with " + TOKEN_FILE_OPTION);
        }
        if (uri.getHost() == null) {
            throw usageError("Malformed URL from " + source + ": \"" + given + "\" has no valid host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw usageError("Malformed URL from " + source + ": \"" + given
                    + "\" must be the server's address, without ? or #");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw usageError("The address from " + source + " must start with https:// (plain http is allowed "
                    + "only to this machine): the token must not cross the network in clear text");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private String token() {
        if (token != null && tokenFile != null) {
            throw usageError("Give the token with either " + TOKEN_OPTION + " or " + TOKEN_FILE_OPTION + ", not both");
        }
        if (token != null) {
            return checked(token, TOKEN_OPTION);
        }
        if (tokenFile != null) {
            return checked(read(tokenFile), "the token file " + tokenFile);
        }
        String fromEnv = env.get(TOKEN_VARIABLE);
        if (fromEnv != null) {
            return checked(fromEnv, TOKEN_VARIABLE);
        }
        throw usageError("No API token given: use " + TOKEN_FILE_OPTION + " FILE, " + TOKEN_OPTION
                + " TOKEN, or set " + TOKEN_VARIABLE);
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw usageError("Cannot read the token file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw usageError("Cannot read the token file " + file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw usageError("Cannot read the token file " + file + ": it is not UTF-8 text");
        } catch (IOException e) {
            throw usageError("Cannot read the token file " + file + ": " + e.getMessage());
        }
    }

    // Whatever is wrong with a token, the message names where it came from and never the token.
    private String checked(String candidate, String source) {
        String stripped = candidate.strip();
        if (stripped.isEmpty()) {
            throw usageError("The API token from " + source + " is empty");
        }
        // Visible ASCII only: anything else cannot go in an HTTP header, and a line break there
        // would let the value forge headers of its own.
        boolean sendable = stripped.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!sendable) {
            throw usageError("The API token from " + source
                    + " contains spaces or characters that cannot be sent in an HTTP header");
        }
        return stripped;
    }

    private ParameterException usageError(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
