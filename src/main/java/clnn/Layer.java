package clnn;

/**
 * A layer of a {@link Sequential}: {@link Input} first, then {@link Dense} layers. Layer specs are Serializable, so a
 * model's description can be sent to another process and the model built there.
 */
public sealed interface Layer extends java.io.Serializable permits Input, Dense {
}
