package clnn.data;

/** The engine version, from the jar manifest (or "dev" when running from classes). */
public final class Version {
    private Version() {
    }

    /**
     * The version of the running engine.
     *
     * @return the jar's Implementation-Version, or {@code "dev"} when running from classes
     */
    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
