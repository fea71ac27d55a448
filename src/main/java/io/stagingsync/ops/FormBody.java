package io.stagingsync.ops;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Gives back the text a client wrote when it came with a form content type ({@code curl -d} sends one by default):
 * the HTTP server decoded it into a map and into headers named after the text, which could not be written back.
 */
public final class FormBody {

    /** Before anything else reads the request: the JSON text as the body again, and none of the form's headers. */
    public void restore(Exchange exchange) {
        Message message = exchange.getMessage();
        if (!(message.getBody() instanceof Map<?, ?> form)) {
            return;
        }
        form.keySet().forEach(name -> message.removeHeader(String.valueOf(name)));
        // a JSON body has no '=' or '&': it arrives as one field name without a value, which is the text itself
        if (form.size() == 1 && isEmpty(form.values().iterator().next())) {
            message.setBody(String.valueOf(form.keySet().iterator().next()));
            return;
        }
        message.setBody(null);
        throw new OpsError(400, "the request body is a form; send JSON, {} or {\"dry_run\": true}, "
                + "with the header 'Content-Type: application/json'");
    }

    private static boolean isEmpty(Object value) {
        return value == null || value.toString().isEmpty();
    }
}
