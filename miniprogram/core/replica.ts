// The device's copy of what the server owns: settings, catalog, stock, staff (with PIN hashes),
// members and devices, at a change cursor. Orders go to the order history instead.
import {
  defaultStoreSettings,
  type Category,
  type DeviceInfo,
  type Member,
  type Order,
  type Product,
  type Snapshot,
  type Staff,
  type StockLevel,
  type StoreSettings,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import type { ChunkedTable } from './chunked-table';
import { replicaFormatRecord, storedFormatIsCurrent } from './replica-format';
import {
  replaceAll,
  replicaSchemas,
  skippedKey,
  skipUnreadable,
  stageChanged,
  tableOf,
  type SkippableTable,
  type TablePart,
} from './replica-tables';
import type { RoomBudget } from './room-budget';
import type { FeedEntry, UnreadableRecord } from './server-frame';
import { SkippedRecords } from './skipped-records';
import { chunkPrefixes, storageKeys } from './storage-layout';

export type ReplicaTopic = 'settings' | 'catalog' | 'stock' | 'staff' | 'members' | 'devices';

export interface AppliedChanges {
  topics: Set<ReplicaTopic>;
  orders: Order[];
}

export class Replica {
  settings: StoreSettings = defaultStoreSettings;
  /** False until the server's settings arrived: the defaults are only a placeholder. */
  hasSettings = false;
  cursor: number | null = null;
  readonly categories: ChunkedTable<Category>;
  readonly products: ChunkedTable<Product>;
  readonly stock: ChunkedTable<StockLevel>;
  readonly staff: ChunkedTable<Staff>;
  readonly members: ChunkedTable<Member>;
  readonly devices: ChunkedTable<DeviceInfo>;
  private settingsDirty = false;
  private cursorDirty = false;
  /** A snapshot came for a replica stored in another format: this build's, to write after it. */
  private formatUnwritten = false;
  /** What acks laid on and flushSettled() has not written yet: member ids and SKU ids. */
  private readonly settledUnwritten = { members: new Set<string>(), stock: new Set<string>() };
  private readonly skipped = new SkippedRecords();

  constructor(private readonly storage: KeyValueStorage) {
    const schemas = replicaSchemas;
    this.categories = tableOf(storage, chunkPrefixes.categories, schemas.categories, (c) => c.id);
    this.products = tableOf(storage, chunkPrefixes.products, schemas.products, (p) => p.id);
    this.stock = tableOf(storage, chunkPrefixes.stock, schemas.stock, (s) => s.skuId);
    this.staff = tableOf(storage, chunkPrefixes.staff, schemas.staff, (s) => s.id);
    this.members = tableOf(storage, chunkPrefixes.members, schemas.members, (m) => m.id);
    this.devices = tableOf(storage, chunkPrefixes.devices, schemas.devices, (d) => d.id);
  }

  private tables(): TablePart[] {
    return [this.categories, this.products, this.stock, this.staff, this.members, this.devices];
  }

  load(keys: readonly string[]): void {
    for (const part of this.tables()) part.load(keys);
    const settings = replicaSchemas.settings.safeParse(this.storage.get(storageKeys.settings));
    this.settings = settings.success ? settings.data : defaultStoreSettings;
    this.hasSettings = settings.success;
    const cursor = this.storage.get(storageKeys.cursor) as { cursor?: unknown } | null;
    // Start over from a snapshot when the replica is not whole (no settings), or was stored by
    // another build, which may have dropped fields this one reads: the server would not send those
    // records again until they change. Meanwhile the till works from what it has.
    const trusted = this.hasSettings && storedFormatIsCurrent(this.storage);
    this.cursor =
      trusted && Number.isSafeInteger(cursor?.cursor) ? (cursor!.cursor as number) : null;
    this.settingsDirty = false;
    this.cursorDirty = false;
    this.formatUnwritten = false;
    this.settledUnwritten.members.clear();
    this.settledUnwritten.stock.clear();
    this.skipped.load(this.storage.get(storageKeys.skipped));
  }

  get problems(): string[] {
    return this.tables().flatMap((part) => part.problems);
  }

  /** The server's records skipped as too large to store or unreadable, in words; null if none. */
  get skippedProblem(): string | null {
    return this.skipped.size > 0 ? this.skipped.values().join('; ') : null;
  }

  /** Applies changes in feed order; each carries the whole record, so applying one twice is harmless. */
  applyChanges(changes: readonly FeedEntry[], cursor: number): AppliedChanges {
    const applied: AppliedChanges = { topics: new Set(), orders: [] };
    for (const change of changes) {
      switch (change.kind) {
        case 'unreadable':
          this.skipUnreadable(change.record, applied.topics);
          break;
        case 'settings':
          this.skipped.delete(skippedKey('settings', null));
          this.settings = change.settings;
          this.hasSettings = true;
          this.settingsDirty = true;
          applied.topics.add('settings');
          break;
        case 'category':
          stageChanged(this.categories, change.category.id, change.category, this.skipped);
          applied.topics.add('catalog');
          break;
        case 'product':
          stageChanged(this.products, change.product.id, change.product, this.skipped);
          applied.topics.add('catalog');
          break;
        case 'stock':
          stageChanged(this.stock, change.stock.skuId, change.stock, this.skipped);
          applied.topics.add('stock');
          break;
        case 'staff':
          stageChanged(this.staff, change.staff.id, change.staff, this.skipped);
          applied.topics.add('staff');
          break;
        case 'member':
          stageChanged(this.members, change.member.id, change.member, this.skipped);
          // A member joined here, settled under its provisional id at the ack: the server's
          // member (merged by phone, the provisional id among its aliases) replaces it.
          for (const alias of change.member.aliases ?? [])
            if (alias !== change.member.id) this.members.unstage(alias);
          applied.topics.add('members');
          break;
        case 'device':
          stageChanged(this.devices, change.device.id, change.device, this.skipped);
          applied.topics.add('devices');
          break;
        case 'order':
          this.skipped.delete(skippedKey('orders', change.order.id));
          applied.orders.push(change.order);
          break;
      }
    }
    this.setCursor(cursor);
    return applied;
  }

  /**
   * Members as the server holds them once it applied this device's acknowledged operations, until
   * its member change (which follows the ack) replaces them. The cursor does not move.
   */
  settleMembers(members: readonly Member[]): void {
    for (const member of members) {
      stageChanged(this.members, member.id, member, this.skipped);
      this.settledUnwritten.members.add(member.id);
    }
  }

  /** Stock levels likewise, until the server's stock change replaces them. */
  settleStock(levels: readonly StockLevel[]): void {
    for (const level of levels) {
      stageChanged(this.stock, level.skuId, level, this.skipped);
      this.settledUnwritten.stock.add(level.skuId);
    }
  }

  /**
   * Writes what acks laid on, and only that: the operations that carried it leave the outbox once
   * it is written, so it cannot wait in memory with the server's data (at a full storage), nor
   * carry the server's records changed in the same chunks past 95%. It overwrites records of about
   * the same size. Throws when storage refuses.
   */
  flushSettled(room?: RoomBudget): void {
    const { members, stock } = this.settledUnwritten;
    this.members.flushOnly(members, room);
    members.clear();
    this.stock.flushOnly(stock, room);
    stock.clear();
  }

  /** The table a record of the server's goes to, and the topic it is shown under. */
  private tableFor(table: string): [SkippableTable | undefined, ReplicaTopic | null] {
    const tables: Record<string, [SkippableTable, ReplicaTopic]> = {
      categories: [this.categories, 'catalog'],
      products: [this.products, 'catalog'],
      stock: [this.stock, 'stock'],
      staff: [this.staff, 'staff'],
      members: [this.members, 'members'],
      devices: [this.devices, 'devices'],
    };
    return tables[table] ?? [undefined, table === 'settings' ? 'settings' : null];
  }

  private skipUnreadable(record: UnreadableRecord, topics: Set<ReplicaTopic>): void {
    const [target, topic] = this.tableFor(record.table);
    skipUnreadable(record, target, this.skipped);
    if (topic) topics.add(topic);
  }

  /**
   * Starts over from the server's whole state; `unreadable`, the records in it this build could
   * not read, are named (and no others: what was skipped before came again, or is gone).
   */
  applySnapshot(
    snapshot: Snapshot,
    cursor: number,
    unreadable: readonly UnreadableRecord[] = [],
  ): AppliedChanges {
    if (!storedFormatIsCurrent(this.storage)) this.formatUnwritten = true;
    this.skipped.clear();
    this.settings = snapshot.settings;
    this.hasSettings = true;
    this.settingsDirty = true;
    replaceAll(this.categories, snapshot.categories, (c) => c.id, this.skipped);
    replaceAll(this.products, snapshot.products, (p) => p.id, this.skipped);
    replaceAll(this.stock, snapshot.stock, (s) => s.skuId, this.skipped);
    replaceAll(this.staff, snapshot.staff, (s) => s.id, this.skipped);
    replaceAll(this.members, snapshot.members, (m) => m.id, this.skipped);
    replaceAll(this.devices, snapshot.devices, (d) => d.id, this.skipped);
    for (const record of unreadable)
      skipUnreadable(record, this.tableFor(record.table)[0], this.skipped);
    this.setCursor(cursor);
    return {
      topics: new Set(['settings', 'catalog', 'stock', 'staff', 'members', 'devices']),
      orders: snapshot.orders,
    };
  }

  private setCursor(cursor: number): void {
    if (cursor === this.cursor) return;
    this.cursor = cursor;
    this.cursorDirty = true;
  }

  hasUnflushed(): boolean {
    return (
      this.settingsDirty ||
      this.cursorDirty ||
      this.formatUnwritten ||
      this.skipped.dirty ||
      this.tables().some((t) => t.hasUnflushed())
    );
  }

  /**
   * Writes what changed, the cursor last (then the format, after a snapshot): a crash in between
   * leaves data newer than the cursor, and the changes replayed from the older cursor are harmless.
   * Within `room` when given: what would not fit stops the flush (NoRoomError) and waits in memory,
   * the cursor and format with it.
   */
  flush(room?: RoomBudget, beforeCursor: () => void = () => {}): void {
    for (const part of this.tables()) part.flush(room);
    if (this.settingsDirty) {
      this.writeKey(room, storageKeys.settings, this.settings);
      this.settingsDirty = false;
    }
    if (this.skipped.dirty) {
      const skipped = this.skipped.entries();
      this.writeKey(room, storageKeys.skipped, skipped.length > 0 ? skipped : null);
      this.skipped.dirty = false;
    }
    beforeCursor();
    if (this.cursorDirty && this.cursor !== null) {
      this.writeKey(room, storageKeys.cursor, { cursor: this.cursor });
      this.cursorDirty = false;
    }
    // Only once the snapshot's data and cursor are stored: a relaunch before then fetches it again.
    if (this.formatUnwritten && !this.cursorDirty) {
      this.writeKey(room, storageKeys.replicaFormat, replicaFormatRecord());
      this.formatUnwritten = false;
    }
  }

  /** Writes one key (null removes it), within the room when given. */
  private writeKey(room: RoomBudget | undefined, key: string, value: unknown): void {
    room?.takeForKey(key, value, this.storage.get(key));
    if (value === null) this.storage.remove(key);
    else this.storage.set(key, value);
  }

  clear(): void {
    for (const part of this.tables()) part.clear();
    this.storage.remove(storageKeys.settings);
    this.storage.remove(storageKeys.cursor);
    this.storage.remove(storageKeys.replicaFormat);
    this.storage.remove(storageKeys.skipped);
    this.load([]);
  }
}
