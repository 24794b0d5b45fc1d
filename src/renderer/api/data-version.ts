/**
 * Counts `data.changed` events per entity so each view refetches only when its own data moved.
 * A reconnect bumps everything: events may have been missed while the link was down.
 */
import { DataEntity } from '../../shared/api/index.js';

export class DataVersions {
  private readonly versions = new Map<DataEntity, number>();
  private readonly listeners = new Set<() => void>();

  bump(entities: readonly DataEntity[]): void {
    if (!entities.length) return;
    for (const entity of entities) this.versions.set(entity, (this.versions.get(entity) ?? 0) + 1);
    for (const listener of [...this.listeners]) listener();
  }

  bumpAll(): void {
    this.bump(DataEntity.options);
  }

  /** One number that changes whenever any of `entities` changed. */
  versionOf(entities: readonly DataEntity[]): number {
    let sum = 0;
    for (const entity of entities) sum += this.versions.get(entity) ?? 0;
    return sum;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
