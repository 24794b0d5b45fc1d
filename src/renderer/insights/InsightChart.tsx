/**
 * One ECharts canvas: coloured from the app's CSS variables (so both themes read well, and a
 * theme switch repaints it), resized with its box, a click reported as (series, data index), and
 * a PNG export of exactly what is shown. `data-rendered` is set once the chart has drawn, for the
 * e2e test and the bench's time-to-interactive.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { init, type ChartOption, type ECharts } from './echarts.js';

export interface ChartPalette {
  text: string;
  muted: string;
  border: string;
  surface: string;
  series: string[];
}

function readPalette(): ChartPalette {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: read('--text'),
    muted: read('--text-muted'),
    border: read('--border'),
    surface: read('--surface'),
    series: ['--accent', '--good', '--warn', '--bad', '--sandbox', '--info', '--neutral']
      .map(read)
      .filter(Boolean),
  };
}

/** The palette of the current theme, read again whenever <html data-theme> changes. */
function usePalette(): ChartPalette {
  const [palette, setPalette] = useState(readPalette);
  useEffect(() => {
    const observer = new MutationObserver(() => setPalette(readPalette()));
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    return () => observer.disconnect();
  }, []);
  return palette;
}

function themed(option: ChartOption, palette: ChartPalette): ChartOption {
  const axis = {
    axisLine: { lineStyle: { color: palette.border } },
    axisLabel: { color: palette.muted },
    splitLine: { lineStyle: { color: palette.border, opacity: 0.5 } },
  };
  const merge = (value: unknown) =>
    (Array.isArray(value) ? value : value ? [value] : []).map((entry: object) => ({
      ...axis,
      ...entry,
    }));
  return {
    color: palette.series,
    backgroundColor: 'transparent',
    textStyle: { color: palette.text },
    aria: { enabled: true },
    animation: false,
    ...option,
    ...(option.legend
      ? { legend: { textStyle: { color: palette.text }, ...(option.legend as object) } }
      : {}),
    tooltip: {
      backgroundColor: palette.surface,
      borderColor: palette.border,
      textStyle: { color: palette.text },
      ...(option.tooltip as object),
    },
    xAxis: merge(option.xAxis),
    yAxis: merge(option.yAxis),
  };
}

export function InsightChart(props: {
  option: ChartOption;
  /** Accessible name of the canvas and the PNG's file name. */
  label: string;
  fileName: string;
  testId: string;
  height?: number;
  onSelect?: (dataIndex: number, seriesIndex: number) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const select = useRef(props.onSelect);
  const palette = usePalette();
  const [rendered, setRendered] = useState(false);
  useEffect(() => {
    select.current = props.onSelect;
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      const event = params as { dataIndex?: number; seriesIndex?: number };
      if (event.dataIndex !== undefined) select.current?.(event.dataIndex, event.seriesIndex ?? 0);
    });
    instance.on('finished', () => setRendered(true));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(themed(props.option, palette), { notMerge: true });
  }, [props.option, palette]);

  const exportPng = () => {
    const instance = chart.current;
    if (!instance) return;
    const link = document.createElement('a');
    link.href = instance.getDataURL({
      type: 'png',
      pixelRatio: 2,
      backgroundColor: palette.surface,
    });
    link.download = `${props.fileName}.png`;
    link.click();
  };

  return (
    <div className="insight-chart">
      <button
        type="button"
        className="button insight-export"
        onClick={exportPng}
        data-testid={`${props.testId}-png`}
      >
        {t('insights.exportPng')}
      </button>
      <div
        ref={box}
        className="insight-canvas"
        style={{ height: props.height ?? 260 }}
        role="img"
        aria-label={props.label}
        data-testid={props.testId}
        data-rendered={rendered ? 'true' : undefined}
      />
    </div>
  );
}
