package io.stagingsync.testing;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoIterable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A collection's cursor whose source is killed once it has handed out a number of documents: death mid-collection. */
public final class DyingCursor {

    private DyingCursor() {
    }

    /** {@code documents}, the same, except that {@code kill} runs after the {@code after}-th document. */
    @SuppressWarnings("unchecked")
    public static <T> MongoIterable<T> wrap(MongoIterable<T> documents, int after, Runnable kill) {
        return (MongoIterable<T>) Proxy.newProxyInstance(DyingCursor.class.getClassLoader(),
                new Class<?>[] {MongoIterable.class}, (proxy, method, args) -> {
                    if (method.getName().equals("iterator") || method.getName().equals("cursor")) {
                        return cursor(documents.iterator(), after, kill);
                    }
                    return invoke(documents, method, args);
                });
    }

    private static <T> MongoCursor<T> cursor(MongoCursor<T> cursor, int after, Runnable kill) {
        int[] handed = {0};
        return (MongoCursor<T>) Proxy.newProxyInstance(DyingCursor.class.getClassLoader(),
                new Class<?>[] {MongoCursor.class}, (proxy, method, args) -> {
                    Object result = invoke(cursor, method, args);
                    if (method.getName().equals("next") && ++handed[0] == after) {
                        kill.run();
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
