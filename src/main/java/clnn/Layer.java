package clnn;

/** A layer of a {@link Sequential}: {@link Input} first, then {@link Dense} layers. */
public sealed interface Layer extends java.io.Serializable permits Input, Dense {
}
