package clnn;

/** A model that cannot be built, compiled, loaded or fed as asked (wrong layers, shapes, files). */
public class ModelException extends ClnnException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
