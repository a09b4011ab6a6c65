package clnn;

/**
 * Whether a fit may run whole training steps as one fused call ({@code --fusion auto|off}).
 * Fused and unfused steps compute the same thing within the parity tolerances; OFF exists for A/B
 * runs and as the per-op reference.
 */
public enum Fusion {
    /** Fused when the backend has a fused form for the network (it says which, see {@link History#stepPath()}). */
    AUTO,
    /** Always the per-op calls (GEMMs, loss, Adam one by one). */
    OFF
}
