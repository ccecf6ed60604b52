// What the store sells, as synced: categories, products, stock levels (with this device's unsynced
// sales already taken off), members and settings; search by name, pinyin initials or barcode.
// Also the changes made to them here: stock counts, goods received, members joining.
import { computed, makeAutoObservable, observable } from 'mobx-miniprogram';
import {
  buildSearchIndex,
  checkMemberNameInput,
  CartError,
  defaultStoreSettings,
  findMemberById,
  indexCatalog,
  phoneSchema,
  ruleError,
  search,
  type Checked,
  type CatalogIndex,
  type Category,
  type DeviceInfo,
  type Member,
  type Product,
  type SearchHit,
  type SearchIndex,
  type StoreSettings,
} from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { commit } from '../core/commit';
import type { Ledger } from '../core/ledger';
import type { LedgerTopic } from '../core/ledger-topics';
import type { SessionStore } from './session-store';

/**
 * What a scanned or typed barcode names: one SKU, none, or several (a code saved on two products
 * before the server compared codes as the till does), which the till must not choose between.
 */
export type BarcodeLookup =
  { kind: 'one'; hit: SearchHit } | { kind: 'none' } | { kind: 'several'; hits: SearchHit[] };

export interface CatalogDeps {
  ledger: Ledger;
  clock: Clock;
  session: SessionStore;
}

export class CatalogStore {
  settings: StoreSettings = defaultStoreSettings;
  categories: Category[] = [];
  products: Product[] = [];
  members: Member[] = [];
  devices: DeviceInfo[] = [];

  private readonly ledger: Ledger;
  /** Counts the ledger's stock changes, so what reads `stock` is recomputed after one. */
  private stockRevision = 0;

  constructor(private readonly deps: CatalogDeps) {
    this.ledger = deps.ledger;
    makeAutoObservable<CatalogStore, 'ledger' | 'deps' | 'indexed' | 'stockRevision'>(
      this,
      {
        ledger: false,
        deps: false,
        // Kept between reads: outside a reaction MobX would otherwise index the catalog again at
        // every read, that is several times per sale.
        indexed: computed({ keepAlive: true }),
        searchIndex: computed({ keepAlive: true }),
        stockRevision: true,
        categories: observable.ref,
        products: observable.ref,
        members: observable.ref,
        devices: observable.ref,
        settings: observable.ref,
      },
      { autoBind: true },
    );
    this.refresh();
  }

  /** Re-reads what the topics say changed (all of it without topics). */
  refresh(topics?: ReadonlySet<LedgerTopic>): void {
    const all = !topics;
    const { replica } = this.ledger;
    if (all || topics.has('settings')) this.settings = replica.settings;
    if (all || topics.has('catalog')) {
      this.categories = replica.categories.values().sort((a, b) => a.sort - b.sort);
      this.products = replica.products.values();
    }
    // Only counted: the levels are worked out when something reads them, not at every sync step.
    if (all || topics.has('stock') || topics.has('catalog')) this.stockRevision++;
    if (all || topics.has('members')) {
      const pending = this.ledger.pendingMembers();
      const known = replica.members.values();
      const phones = new Set(known.map((m) => m.phone));
      this.members = [...known, ...pending.filter((m) => !phones.has(m.phone))];
    }
    if (all || topics.has('devices')) this.devices = replica.devices.values();
  }

  /** Stock levels by SKU, with this device's unsynced sales already taken off. */
  get stock(): ReadonlyMap<string, number> {
    void this.stockRevision;
    return this.ledger.stockLevels();
  }

  get searchIndex(): SearchIndex {
    return buildSearchIndex(this.products);
  }

  /** The catalog indexed for pricing, or why it cannot be (two products sharing a SKU id). */
  private get indexed(): { index: CatalogIndex; error: string | null } {
    try {
      return { index: indexCatalog(this.products), error: null };
    } catch (error) {
      if (error instanceof CartError) return { index: new Map(), error: error.message };
      throw error;
    }
  }

  /** Every SKU by id, for pricing; empty (catalogError says why) when the catalog is broken. */
  get catalogIndex(): CatalogIndex {
    return this.indexed.index;
  }

  get catalogError(): string | null {
    return this.indexed.error;
  }

  search(query: string, limit = 20): SearchHit[] {
    return search(this.searchIndex, query, limit);
  }

  /** The SKU a scanned or typed barcode names; every one, when it names more than one. */
  findByBarcode(code: string): BarcodeLookup {
    // Barcode hits come first, so these are all of them (short of twenty products on one code).
    const hits = this.search(code).filter((hit) => hit.match === 'barcode');
    if (hits.length === 0) return { kind: 'none' };
    return hits.length === 1 ? { kind: 'one', hit: hits[0] } : { kind: 'several', hits };
  }

  productsIn(categoryId: string): Product[] {
    return this.products.filter((p) => p.active && p.categoryId === categoryId);
  }

  /** Pieces (or grams) on the shelf; null when the server keeps no level for it. */
  stockOf(skuId: string): number | null {
    return this.stock.get(skuId) ?? null;
  }

  /** A member by phone number or id, also the provisional id of a member merged on sync. */
  findMember(phoneOrId: string): Member | null {
    const text = phoneOrId.trim();
    return this.members.find((m) => m.phone === text) ?? this.memberById(text);
  }

  /** A member by id: the server's, or a provisional one made offline (before or after the merge). */
  memberById(id: string): Member | null {
    return findMemberById(this.members, id) ?? null;
  }

  /** A stock count sets the level (sales made before it are already in it, wherever they sync from). */
  countStock(skuId: string, level: number): Checked<null> {
    const staff = this.deps.session.staff;
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    if (!Number.isSafeInteger(level))
      return ruleError('level_invalid', 'count whole pieces (or grams)');
    const at = this.deps.clock.now();
    // The server refuses a count of a SKU it does not have (sku_unknown): said here, unrecorded.
    if (!this.catalogIndex.has(skuId))
      return ruleError(
        'sku_unknown',
        `SKU ${skuId} is not in this device's catalog: nothing was counted`,
      );
    const committed = commit(this.ledger, () => ({
      type: 'stock.counted',
      payload: { skuId, level, at },
    }));
    return committed.ok ? { ok: true, value: null } : committed;
  }

  /** Goods received: a delta, so it adds up with every device's sales. */
  receiveStock(skuId: string, qty: number): Checked<null> {
    const staff = this.deps.session.staff;
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    if (!Number.isSafeInteger(qty) || qty <= 0)
      return ruleError('qty_invalid', 'receive 1 or more');
    const at = this.deps.clock.now();
    const committed = commit(this.ledger, () => ({
      type: 'stock.received',
      payload: { skuId, qty, at },
    }));
    return committed.ok ? { ok: true, value: null } : committed;
  }

  /** A customer joins; offline the id is provisional and the server merges by phone number. */
  joinMember(phone: string, name = ''): Checked<Member> {
    const valid = phoneSchema.safeParse(phone.trim());
    if (!valid.success) return ruleError('phone_invalid', 'enter an 11-digit mobile number');
    const named = checkMemberNameInput(name);
    if (!named.ok) return named;
    const known = this.findMember(valid.data);
    if (known) return { ok: true, value: known };
    const deviceId = this.ledger.identity?.deviceId ?? '';
    const joinedAt = this.deps.clock.now();
    const committed = commit(this.ledger, (seq) => ({
      type: 'member.joined',
      payload: {
        id: `${deviceId}:member:${seq}`,
        phone: valid.data,
        name: named.value,
        level: '',
        points: 0,
        balance: 0,
        joinedAt,
      },
    }));
    if (!committed.ok) return committed;
    const op = committed.value;
    return op.type === 'member.joined'
      ? { ok: true, value: op.payload }
      : ruleError('internal', 'the member was not recorded');
  }
}
