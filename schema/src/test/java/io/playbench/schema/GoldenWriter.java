package io.playbench.schema;

/** Prints the sample bundle; used once to create the golden document, which was then checked by hand. */
final class GoldenWriter {

    private GoldenWriter() {}

    public static void main(String[] args) {
        System.out.print(PlayBundles.toJson(SampleBundles.complete()));
    }
}
