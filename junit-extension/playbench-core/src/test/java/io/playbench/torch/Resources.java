package io.playbench.torch;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test resources under {@code playbench/torch/}. */
final class Resources {

    private Resources() {}

    static Path path(String relative) {
        URL url = Resources.class.getResource("/playbench/torch/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no test resource playbench/torch/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
