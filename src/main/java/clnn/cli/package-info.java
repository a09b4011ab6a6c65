/**
 * The {@code engine} command line (picocli): train, evaluate, predict, inspect, show, devices, selftest and
 * tune, with the hostile-input contract (a user mistake is one line naming the problem and the fix, exit code
 * {@link clnn.cli.Main#USER_ERROR}) and the start-up work that keeps a cold command fast (relaunch, class
 * archive, prefetch). It sees only the api, {@code clnn.data}, {@code clnn.viz} and the vocabulary types.
 * Engine-internal, not a stable API: {@link clnn.cli.Main} is the entry point of engine.jar.
 */
package clnn.cli;
