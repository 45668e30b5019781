package dev.agentfleet.activities.ledger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * A data source that hands out one connection and ignores attempts to close it, so Flyway can
 * migrate an in-memory SQLite database that only lives as long as that connection.
 */
final class SharedConnectionDataSource {

  private SharedConnectionDataSource() {}

  static DataSource of(Connection connection) {
    Connection keep =
        (Connection)
            Proxy.newProxyInstance(
                SharedConnectionDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) ->
                    method.getName().equals("close") ? null : invoke(connection, method, args));
    return (DataSource)
        Proxy.newProxyInstance(
            SharedConnectionDataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getConnection" -> keep;
                  case "toString" -> "in-memory ledger";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "isWrapperFor" -> false;
                  case "getLoginTimeout" -> 0;
                  default ->
                      throw new UnsupportedOperationException(
                          "in-memory ledger data source: " + method.getName());
                });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
