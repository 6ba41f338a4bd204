/** The unit tree (GET /v1/units), read once per sign-in: names, counties, townships and the tree for pickers. */
import { computed, ref } from 'vue';
import { get } from './api.js';
import type { Unit } from './types.js';

const units = ref<Unit[]>([]);
let loading: Promise<void> | null = null;

export interface UnitNode {
  value: string;
  label: string;
  children: UnitNode[];
}

export function useUnits() {
  if (!loading) {
    loading = get<{ items: Unit[] }>('units')
      .then((answer) => {
        units.value = answer.items;
      })
      .catch(() => {
        loading = null;
      });
  }
  const nameOf = (unitId: string | null | undefined): string => units.value.find((u) => u.unitId === unitId)?.name ?? unitId ?? '—';
  const tree = computed<UnitNode[]>(() => {
    const node = (unit: Unit): UnitNode => ({
      value: unit.unitId,
      label: unit.name,
      children: units.value.filter((u) => u.parentId === unit.unitId).map(node),
    });
    return units.value.filter((u) => !u.parentId || !units.value.some((p) => p.unitId === u.parentId)).map(node);
  });
  const counties = computed(() => units.value.filter((u) => u.kind === 'county'));
  const townships = computed(() => units.value.filter((u) => u.kind === 'township'));
  /** The county a unit lies in (itself when it is one). */
  const countyOf = (unitId: string): string => {
    let unit = units.value.find((u) => u.unitId === unitId);
    while (unit && unit.kind !== 'county' && unit.parentId) unit = units.value.find((u) => u.unitId === unit?.parentId);
    return unit?.unitId ?? unitId;
  };
  return { units, nameOf, tree, counties, townships, countyOf, ready: () => loading ?? Promise.resolve() };
}

export function forgetUnits(): void {
  units.value = [];
  loading = null;
}
