import type { SpanishTemplate } from './types.ts';

export const automotiveEs: SpanishTemplate = {
  greeting: 'Gracias por llamar a {business}, le atiende la recepcionista virtual. ¿En qué le puedo ayudar?',
  asrKeywords: ['cambio de aceite', 'frenos', 'balatas', 'llantas', 'inspección', 'check engine'],
  services: {
    'Oil Change': { name: 'Cambio de aceite', keywords: ['aceite', 'cambio de aceite', 'lubricación', 'oil change'] },
    'Brake Service': {
      name: 'Servicio de frenos',
      keywords: [
        'frenos',
        'freno',
        'cuando freno',
        'al frenar',
        'balatas',
        'pastillas',
        'rechinan',
        'rechina',
        'chillan',
        'rotores',
        'discos',
      ],
    },
    'Tire Rotation': {
      name: 'Rotación de llantas',
      keywords: [
        'llantas',
        'llanta',
        'neumáticos',
        'neumatico',
        'gomas',
        'rotación',
        'rotar',
        'ponchada',
        'pinchada',
        'alineación',
        'balanceo',
      ],
    },
    Diagnostics: {
      name: 'Diagnóstico',
      keywords: [
        'diagnóstico',
        'check engine',
        'luz del motor',
        'luz de motor',
        'luz de check',
        'ruido',
        'hace un ruido',
        'no arranca',
        'no prende',
        'se apaga',
        'falla',
      ],
    },
    'State Inspection': {
      name: 'Inspección estatal',
      keywords: [
        'inspección',
        'inspeccion',
        'inspección estatal',
        'calcomanía',
        'sticker',
        'emisiones',
        'smog',
        'verificación',
      ],
    },
  },
  faq: {
    'Do you offer loaner cars?': {
      question: '¿Prestan carros?',
      answer:
        'Tenemos transporte gratis dentro de cinco millas, y carros de cortesía para reparaciones de más de un día.',
      keywords: [
        'carro prestado',
        'carro de cortesía',
        'prestan carro',
        'prestan un carro',
        'me llevan',
        'transporte',
        'shuttle',
      ],
    },
    'Can I wait while you work?': {
      question: '¿Puedo esperar mientras trabajan?',
      answer: 'Sí, la sala de espera tiene wifi y café; un cambio de aceite toma unos treinta minutos.',
      keywords: [
        'esperar',
        'sala de espera',
        'cuánto se tardan',
        'cuanto tardan',
        'cuánto tiempo tarda',
        'cuanto tiempo toma',
      ],
    },
    'Do you work on all makes?': {
      question: '¿Trabajan todas las marcas?',
      answer: 'Atendemos todas las marcas nacionales y la mayoría de las extranjeras.',
      keywords: ['marcas', 'todas las marcas', 'que marcas', 'modelos'],
    },
  },
};
