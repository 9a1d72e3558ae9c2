/** The loopback HTTP server that answers Connect Campaigns V2 requests the way the service does (restJson1). */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { isIPv4, type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { authorizationRequest, checkAuthorized } from './authorization';
import { CallLog } from './call-log';
import { invalidCampaignState, ServiceError } from './errors';
import { FaultInjector } from './faults';
import { decodeLabels, matchRoute } from './routes';
import { CampaignStore, type ArnLocation } from './store';
import type {
  AuthorizationDecision,
  AuthorizationRequest,
  CallFilter,
  CallRecord,
  CampaignSnapshot,
  CampaignState,
  CommunicationLimitsConfig,
  EmulatorOptions,
  FailNextSpec,
  FaultOptions,
  HoldSpec,
  InstanceCommunicationLimitsConfig,
  OperationName,
  SeedCampaign,
} from './types';
import { formatErrors, tagKeyErrors, validateRequest } from './validation';

/** A JSON body to answer with 200, or `undefined` for an empty 200. */
type Output = Record<string, unknown> | undefined;

/** Starts an emulator on a loopback address; `close()` it when done. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<ConnectCampaignsEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`Host ${host} is not a loopback address`);
  const where = { region: options.region, accountId: options.accountId };
  const store = new CampaignStore(where, options.instances);
  for (const seed of options.campaigns ?? []) store.add(seed);
  const emulator = new ConnectCampaignsEmulator(store, new FaultInjector(options.faults), options.onRequest, {
    authorize: options.authorize,
    where,
  });
  await emulator.listen(options.port ?? 0, host);
  return emulator;
}

/** A running emulator: its URL, its state, fault controls and the record of calls. */
export class ConnectCampaignsEmulator {
  private readonly server: http.Server;
  private readonly log = new CallLog();
  private readonly holds: HoldSpec[] = [];
  private address = '';

  /** @internal use {@link startEmulator} */
  constructor(
    private readonly store: CampaignStore,
    private readonly faults: FaultInjector,
    private readonly onRequest: ((call: CallRecord) => void) | undefined,
    private readonly access: {
      readonly authorize?: (request: AuthorizationRequest) => AuthorizationDecision;
      readonly where: ArnLocation;
    } = { where: {} },
  ) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
  }

  /** Base URL, e.g. `http://127.0.0.1:4599`; use it as the SDK `endpoint`. */
  get url(): string {
    return this.address;
  }

  /** @internal */
  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const { address, family, port: bound } = this.server.address() as AddressInfo;
        this.address = `http://${family === 'IPv6' ? `[${address}]` : address}:${bound}`;
        resolve();
      });
    });
  }

  /** Stops listening and drops open connections. */
  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  /** @throws Error when the seed is invalid or the id is taken */
  addCampaign(seed: SeedCampaign): void {
    this.store.add(seed);
  }

  /** Returns whether the campaign existed. */
  removeCampaign(id: string): boolean {
    return this.store.remove(id);
  }

  /** @throws Error when the campaign does not exist */
  setCampaignState(id: string, state: CampaignState): void {
    this.store.setState(id, state);
  }

  /** A deep copy of the campaign (state and override included), or `undefined`. */
  getCampaign(id: string): CampaignSnapshot | undefined {
    return this.store.snapshot(id);
  }

  /**
   * Sets (or with `undefined` removes) a campaign's override directly, in any state, as an edit outside the stack
   * would: the console, or another tool. Not a call: not recorded.
   * @throws Error when the campaign does not exist
   */
  setCampaignOverride(id: string, override: CommunicationLimitsConfig | undefined): void {
    this.store.setOverride(id, override);
  }

  /** Puts an instance's limits directly, as an edit outside the stack would. Not recorded. */
  setInstanceCommunicationLimits(connectInstanceId: string, limits: InstanceCommunicationLimitsConfig): void {
    this.store.putInstanceLimits(connectInstanceId, limits);
  }

  /** Sets an instance up for outbound campaigns (see `EmulatorOptions.instances`). */
  addInstance(connectInstanceId: string): void {
    this.store.addInstance(connectInstanceId);
  }

  /** Takes an instance away, with its limits; its calls then answer ResourceNotFoundException. */
  removeInstance(connectInstanceId: string): boolean {
    return this.store.removeInstance(connectInstanceId);
  }

  /** A deep copy of the limits put for the instance (`{}` after an empty configuration), or `undefined`. */
  getInstanceCommunicationLimits(connectInstanceId: string): InstanceCommunicationLimitsConfig | undefined {
    return this.store.instanceLimits(connectInstanceId);
  }

  /** Replaces the fault options (omitted members are off); refills the token bucket and reseeds the PRNG. */
  setFaults(faults: FaultOptions): void {
    this.faults.configure(faults);
  }

  /** Answers the next `count` matching calls with `error`, before any other processing (after throttling). */
  failNext(spec: FailNextSpec): void {
    this.faults.enqueue(spec);
  }

  /**
   * Holds the next matching call for `ms` after IAM has let it through and before the service applies it: a request
   * in flight, which lands later even if the caller's permission is taken away meanwhile (IAM decides on arrival).
   */
  holdNext(spec: HoldSpec): void {
    this.holds.push({ ...spec });
  }

  /** Drops errors queued with {@link failNext}. */
  clearFailNext(): void {
    this.faults.clearQueue();
  }

  /** Copies of the recorded calls, oldest first. */
  get calls(): readonly CallRecord[] {
    return this.log.all();
  }

  /** Number of recorded calls that match the filter (all calls without one). */
  countCalls(filter?: CallFilter): number {
    return this.log.count(filter);
  }

  resetCalls(): void {
    this.log.reset();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const time = new Date();
    const requestId = randomUUID();
    const method = req.method ?? '';
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    const path = url.pathname;
    const call: CallRecord = { operation: 'UnknownOperation', method, path, status: 200, requestId, time };

    const headers: http.OutgoingHttpHeaders = { 'x-amzn-requestid': requestId };
    let payload: Output;
    try {
      await delay(this.faults.latencyMs);
      const route = matchRoute(method, path);
      if (!route) throw new ServiceError('UnknownOperationException', `Unknown operation: ${method} ${path}`);
      call.operation = route.operation;
      const labels = decodeLabels(route.rawLabels);
      call.campaignId = this.campaignIdOf(labels);
      call.connectInstanceId = labels.connectInstanceId;
      if (this.access.authorize) {
        const request = authorizationRequest(route.operation, labels, req.headers, this.access.where);
        checkAuthorized(request, this.access.authorize(request));
      }
      await delay(this.takeHold(route.operation, labels.id));
      payload = this.process(route.operation, labels, url.searchParams, body);
    } catch (error) {
      const failure =
        error instanceof ServiceError ? error : new ServiceError('InternalServerException', String(error));
      call.status = failure.status;
      call.errorType = failure.type;
      headers['x-amzn-ErrorType'] = failure.type;
      payload = failure.body();
    }

    const text = payload === undefined ? '' : JSON.stringify(payload);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(text);
    res.writeHead(call.status, headers).end(text);

    this.log.record(call);
    this.onRequest?.({ ...call });
  }

  /** Faults, validation, then the operation itself. */
  private process(
    operation: OperationName,
    labels: Record<string, string>,
    query: URLSearchParams,
    body: string,
  ): Output {
    const campaignId = this.campaignIdOf(labels);
    const injected = this.faults.beforeProcessing(operation, campaignId);
    if (injected) throw injected;
    const input = validateRequest(operation, { labels, query, body });
    switch (operation) {
      case 'UpdateCampaignCommunicationLimits':
        this.modifiableCampaign(labels.id);
        this.store.setOverride(labels.id, input.communicationLimitsOverride as CommunicationLimitsConfig);
        return undefined;
      case 'DeleteCampaignCommunicationLimits':
        this.modifiableCampaign(labels.id);
        this.store.setOverride(labels.id, undefined);
        return undefined;
      case 'DescribeCampaign': {
        const { state: _state, ...campaign } = this.existingCampaign(labels.id);
        return { campaign };
      }
      case 'GetCampaignState':
        return { state: this.existingCampaign(labels.id).state };
      case 'PutInstanceCommunicationLimits':
        this.existingInstance(labels.connectInstanceId);
        this.throwRandomConflict();
        this.store.putInstanceLimits(
          labels.connectInstanceId,
          input.communicationLimitsConfig as InstanceCommunicationLimitsConfig,
        );
        return undefined;
      // Tags (the model's TagResource / UntagResource, both idempotent): the resource is named by its ARN, and
      // DescribeCampaign returns them as `campaign.tags`.
      case 'TagResource':
        this.store.tag(this.taggedCampaign(campaignId), input.tags as Record<string, string>);
        return undefined;
      case 'UntagResource': {
        const keys = query.getAll('tagKeys');
        const problems = tagKeyErrors(keys);
        if (problems.length > 0) throw new ServiceError('ValidationException', formatErrors(problems));
        this.store.untag(this.taggedCampaign(campaignId), keys);
        return undefined;
      }
      case 'GetInstanceCommunicationLimits': {
        this.existingInstance(labels.connectInstanceId);
        const limits = this.store.instanceLimits(labels.connectInstanceId);
        return limits ? { communicationLimitsConfig: limits } : {};
      }
    }
  }

  private takeHold(operation: OperationName, campaignId: string | undefined): number {
    const index = this.holds.findIndex(
      (hold) =>
        (hold.operation === undefined || hold.operation === operation) &&
        (hold.campaignId === undefined || hold.campaignId === campaignId),
    );
    return index < 0 ? 0 : this.holds.splice(index, 1)[0].ms;
  }

  /** The campaign a request names: by its id, or by its ARN (the tag operations). */
  private campaignIdOf(labels: Readonly<Partial<Record<string, string>>>): string | undefined {
    return labels.id ?? (labels.arn === undefined ? undefined : this.store.idOfArn(labels.arn));
  }

  private taggedCampaign(id: string | undefined): string {
    if (id === undefined) throw new ServiceError('ResourceNotFoundException');
    return id;
  }

  private existingCampaign(id: string): CampaignSnapshot {
    const campaign = this.store.snapshot(id);
    if (!campaign) throw new ServiceError('ResourceNotFoundException');
    return campaign;
  }

  private existingInstance(connectInstanceId: string): void {
    if (!this.store.hasInstance(connectInstanceId)) throw new ServiceError('ResourceNotFoundException');
  }

  /** The campaign exists, no random conflict hits, and it is Initialized (the only state that accepts changes). */
  private modifiableCampaign(id: string): void {
    const { state } = this.existingCampaign(id);
    this.throwRandomConflict();
    if (state !== 'Initialized') throw invalidCampaignState(state);
  }

  private throwRandomConflict(): void {
    const conflict = this.faults.conflict();
    if (conflict) throw conflict;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}
