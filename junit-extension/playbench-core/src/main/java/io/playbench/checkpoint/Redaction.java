package io.playbench.checkpoint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the secrets of a checkpoint location before it is recorded or logged: the credentials of a URL
 * ({@code https://user:password@host/...} becomes {@code https://***@host/...}) and every query value
 * ({@code ?token=abc&sig=xyz} becomes {@code ?token=***&sig=***}), and a fragment. Bundles, warnings, messages and the
 * command line only ever show the redacted form; the download itself uses the URL as given.
 */
public final class Redaction {

    private static final Pattern URL = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^\\s/?#'\"]*)([^\\s'\"]*)");

    private static final Pattern WHOLE_URL =
            Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)(.*)$", Pattern.DOTALL);

    private Redaction() {}

    /**
     * A whole location redacted as one URL, spaces and all (for a location as given, before it is known to be a valid
     * URI); anything that is not a URL is returned as is.
     *
     * @param location the location; may be {@code null}
     * @return the redacted location, or {@code null}
     */
    public static String redactUrl(String location) {
        if (location == null) {
            return null;
        }
        Matcher m = WHOLE_URL.matcher(location);
        return m.matches() ? m.group(1) + authority(m.group(2)) + pathQueryFragment(m.group(3)) : location;
    }

    /**
     * The location with credentials and query values replaced by {@code ***}; text without a URL is returned as is.
     *
     * @param text a location, or a message that may contain URLs; may be {@code null}
     * @return the redacted text, or {@code null}
     */
    public static String redact(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        Matcher m = URL.matcher(text);
        return m.replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + authority(match.group(2)) + pathQueryFragment(match.group(3))));
    }

    private static String authority(String authority) {
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : "***" + authority.substring(at);
    }

    private static String pathQueryFragment(String rest) {
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = "#***";
            rest = rest.substring(0, hash);
        }
        int question = rest.indexOf('?');
        if (question < 0) {
            return rest + fragment;
        }
        StringBuilder sb = new StringBuilder(rest.substring(0, question + 1));
        String[] parameters = rest.substring(question + 1).split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            String p = parameters[i];
            int eq = p.indexOf('=');
            sb.append(i == 0 ? "" : "&").append(eq < 0 ? (p.isEmpty() ? "" : "***") : p.substring(0, eq + 1) + "***");
        }
        return sb + fragment;
    }
}
