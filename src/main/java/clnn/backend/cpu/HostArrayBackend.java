package clnn.backend.cpu;

import clnn.backend.Backend;

/**
 * A backend whose device arrays are Java arrays on the heap: the reference and its twins. Memory
 * estimates ask this (not for one class) because the twins no longer extend the reference.
 */
public interface HostArrayBackend extends Backend {
}
