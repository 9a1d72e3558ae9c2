/**
 * Test harness, preloaded into function child processes with `node --require`: sends the https requests meant for
 * the runner's fake custom-resource response host to its local plain-http response server instead.
 *
 * The provider framework and AwsCustomResource PUT their response with `https.request({ hostname, path, ... })`,
 * ignoring any port in the ResponseURL (always 443), so the ResponseURL alone cannot point them at a loopback port.
 * Configuration: `LOCAL_CLOUDFORMATION_RESPONSE_REDIRECT=<fake host> <loopback host>:<port>`, removed once read.
 */
import http from 'node:http';
import https from 'node:https';
import { RESPONSE_REDIRECT_ENV } from './protocol';

type RequestFunction = (...args: unknown[]) => http.ClientRequest;

const [fakeHost, target] = (process.env[RESPONSE_REDIRECT_ENV] ?? '').split(' ');
Reflect.deleteProperty(process.env, RESPONSE_REDIRECT_ENV);

if (fakeHost && target) {
  const [hostname, port] = target.split(':');
  const redirectOptions = { protocol: 'http:', hostname, host: undefined, port: Number(port), agent: undefined };

  /** The arguments of an http.request call to the response server, or undefined for any other request. */
  const redirected = (args: unknown[]): unknown[] | undefined => {
    const [first, ...rest] = args;
    if (typeof first === 'string' || first instanceof URL) {
      const url = new URL(String(first));
      if (url.hostname !== fakeHost) return undefined;
      const [options, callback] = typeof rest[0] === 'function' ? [{}, rest[0]] : [rest[0] ?? {}, rest[1]];
      return [{ ...options, ...redirectOptions, path: `${url.pathname}${url.search}` }, callback];
    }
    const options = (first ?? {}) as http.RequestOptions;
    if ((options.hostname ?? options.host) !== fakeHost) return undefined;
    return [{ ...options, ...redirectOptions }, ...rest];
  };

  const wrap =
    (original: RequestFunction, plain: RequestFunction): RequestFunction =>
    (...args) => {
      const forLocal = redirected(args);
      return forLocal ? plain(...forLocal) : original(...args);
    };
  // Patched on the module object itself: callers look `https.request` up at call time.
  const mutableHttps = https as unknown as Record<'request' | 'get', RequestFunction>;
  mutableHttps.request = wrap(https.request as RequestFunction, http.request as RequestFunction);
  mutableHttps.get = wrap(https.get as RequestFunction, http.get as RequestFunction);
}
